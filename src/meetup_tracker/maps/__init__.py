"""Maps of your network, a trip or a route: HTML (Leaflet, offline), SVG and the terminal."""
