// LLMClient module: see the package overview in Package.swift.
