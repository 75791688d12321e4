import PersonaKit

/// Runs a command's body and turns its outcome into an exit status, with messages on stderr.
public enum CommandRunner {
    /// Runs `body`: success → 0; ``UsageError`` → 64 with `error: message` and `hint: …`;
    /// `InputError` → 65 with `error: file:line: field: message`; anything else → 1 with
    /// `error: description`. Nothing is printed to standard output.
    ///
    /// ```swift
    /// exit(await CommandRunner.run { try await Analysis.main(CommandLine.arguments) })
    /// ```
    /// - Parameters:
    ///   - errorOutput: where messages go (default: standard error).
    ///   - body: the command.
    /// - Returns: the exit status.
    public static func run(errorOutput: @Sendable (String) -> Void = StandardError.write,
                           _ body: () async throws -> Void) async -> Int32 {
        do {
            try await body()
            return ExitCode.success.rawValue
        } catch let error as UsageError {
            var text = "error: \(error.message)\n"
            if let hint = error.hint { text += "hint: \(hint)\n" }
            errorOutput(text)
            return ExitCode.usage.rawValue
        } catch let error as InputError {
            errorOutput("error: \(error.description)\n")
            return ExitCode.dataError.rawValue
        } catch {
            errorOutput("error: \(String(describing: error))\n")
            return ExitCode.failure.rawValue
        }
    }
}
