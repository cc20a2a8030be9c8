"""Consulting views, split by sub-domain; thin: parse, call one service, render (404 across
tenants)."""
