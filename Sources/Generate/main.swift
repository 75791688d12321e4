import CommandLineSupport
import Foundation
import Generation

exit(await CommandRunner.run { try await GenerateCommand.main(Array(CommandLine.arguments.dropFirst())) })
