import Foundation
import Generation

// `spb-generate`: options, parsing and the run live in `Generation.GenerateCommandLine` (so tests reach them).
exit(await GenerateCommandLine.run(Array(CommandLine.arguments.dropFirst())))
