// Temporary entry point for testing `thresholds` on branch thresholds; the lead wires the real one.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "audit" {
    exit(await AuditCommand.run(Array(arguments.dropFirst())))
}
if arguments.first == "thresholds" {
    exit(await ThresholdsCommand.run(Array(arguments.dropFirst())))
}
print("spb-analyze: not built yet")
