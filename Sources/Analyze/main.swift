print("spb-analyze: not built yet")
