"""The signed-in user's home, by role. Reads the apps only through their selectors (design §2)."""
