"""Places and distances: the offline gazetteer, and great-circle geometry for routes."""
