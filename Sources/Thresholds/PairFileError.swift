/// A malformed labelled-pair file: names the file, line and column and says what is wrong.
///
/// Maps to exit code 65 (bad input data) in the command.
public struct PairFileError: Error, CustomStringConvertible, Equatable {
    /// The file path as given.
    public let file: String
    /// 1-based line number, when the problem is on one line.
    public let line: Int?
    /// The column (1-based number or header name), when the problem is in one field.
    public let column: String?
    /// What is wrong, including the offending value.
    public let message: String

    /// Creates an error.
    public init(file: String, line: Int?, column: String?, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// "file:line: column C: message".
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let column { text += "column \(column): " }
        return text + message
    }
}
