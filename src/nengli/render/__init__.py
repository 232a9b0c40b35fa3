"""Stage 5: turning computed progress into what people read (terminal, Markdown, …)."""
