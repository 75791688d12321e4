/// A problem with input data, naming the file, the line and the field at fault.
///
/// Command-line tools map it to exit status 65 (bad input data).
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file's path as given by the user.
    public let file: String
    /// The 1-based line (where the record starts), when the problem is tied to one.
    public let line: Int?
    /// The field (JSON key, CSV column, `traits[2]`, …), when the problem is tied to one.
    public let field: String?
    /// What is wrong, quoting the offending value where useful.
    public let message: String

    /// Creates an input error.
    public init(file: String, line: Int?, field: String?, message: String) {
        self.file = file
        self.line = line
        self.field = field.flatMap { $0.isEmpty ? nil : $0 }
        self.message = message
    }

    /// `"file:line: field: message"`, leaving out the parts that are unknown.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let field { text += "\(field): " }
        return text + message
    }
}

/// What a reader does with a bad record.
public enum ErrorMode: Sendable, Equatable {
    /// Stop at the first bad record and throw its ``InputError``.
    case strict
    /// Skip bad records, collect their errors in the summary, and go on.
    case skip
}
