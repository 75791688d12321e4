import Foundation

/// Writes to the process's standard error, unbuffered (`print` goes to standard output).
public enum StandardError {
    /// Writes `text` as is.
    ///
    /// - Parameter text: the text; add a newline yourself.
    public static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Writes the items like `print` does, separated by spaces and ended with a newline.
    ///
    /// - Parameters:
    ///   - items: what to print.
    ///   - separator: put between items (default a space).
    ///   - terminator: put at the end (default a newline).
    public static func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
        write(items.map { "\($0)" }.joined(separator: separator) + terminator)
    }
}
