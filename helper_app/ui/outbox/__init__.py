"""The "Hàng đợi & đồng bộ" screen: what waits, what is in flight, what the server refused."""
