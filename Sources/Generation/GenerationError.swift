import PersonaKit

/// An error from loading generation inputs, a run directory or running the loop.
///
/// `kind` tells the command-line tool which exit code to use: bad input data (65),
/// usage (64) or anything else (1). The description names the file, line and field when known.
public struct GenerationError: Error, CustomStringConvertible, Sendable {
    /// How the error maps onto the house exit codes.
    public enum Kind: Sendable { case dataError, usage, failure }

    /// The exit-code class.
    public let kind: Kind
    /// A message naming file, line, field and value where they apply.
    public let message: String
    /// The file, line and field at fault, for bad content in a file (what exit 65 reports).
    public let input: InputError?

    /// An error of `kind` with `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
        self.input = nil
    }

    private init(input: InputError) {
        self.kind = .dataError
        self.message = input.description
        self.input = input
    }

    /// Bad content in an input or run file.
    static func data(_ file: String, line: Int? = nil, field: String? = nil, _ message: String) -> GenerationError {
        GenerationError(input: InputError(file: file, line: line, field: field, message: message))
    }

    public var description: String { message }
}
