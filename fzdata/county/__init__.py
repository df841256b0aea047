"""The county view: roll up every township and department, track submissions, read Word reports."""
