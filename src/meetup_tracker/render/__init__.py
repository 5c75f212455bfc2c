"""How each report looks, by domain: `contacts`, `meetings`, `reports`, `travel`, `files` and
`settings`. A renderer describes what is shown (see `output.Listing`, `Record`, `Custom`);
`output.show` decides whether that is JSON, a table on a terminal or rows for a pipe."""
