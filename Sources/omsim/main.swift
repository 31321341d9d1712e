print("omsim")
