print("spb-generate: not built yet")
