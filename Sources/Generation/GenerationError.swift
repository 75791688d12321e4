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

    /// An error of `kind` with `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// Bad content in an input or run file.
    static func data(_ file: String, line: Int? = nil, field: String? = nil, _ message: String) -> GenerationError {
        var location = file
        if let line { location += ":\(line)" }
        if let field { location += ": \(field)" }
        return GenerationError(.dataError, "\(location): \(message)")
    }

    public var description: String { message }
}
