"""What leadership and the campaign office look at: the cockpit and the circulars."""
