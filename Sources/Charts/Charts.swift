// Charts module: see the package overview in Package.swift.
