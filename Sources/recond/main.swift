print("recond")
