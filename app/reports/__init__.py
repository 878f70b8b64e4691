"""Reports: the numbers every view, the CLI and the bulletin share, and their exports."""
