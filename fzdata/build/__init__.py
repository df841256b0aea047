"""Build: run the notebooks per unit-year, in parallel, and index the outputs (:mod:`.core`)."""
