"""Labs views, split by who uses them; thin: parse, call one service, render (404 across
tenants)."""
