"""HTTP surfaces: one router per surface (health, JSON API, Slack, widget, help page)."""
