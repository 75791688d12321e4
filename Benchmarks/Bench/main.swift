print("spb-bench: not built yet")
