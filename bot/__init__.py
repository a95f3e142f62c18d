"""WBV-Bot: answers questions about the Werkstattgespräch of the Weiterbildungsverbünde."""
