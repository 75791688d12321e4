/// What a streaming scanner found next in a file.
enum ScanEvent {
    /// A record's bytes (a JSON array element, a CSV cell) and the line where the record starts.
    case record(line: Int, bytes: [UInt8])
    /// A bad record: skippable in ``ErrorMode/skip``.
    case bad(InputError)
    /// A problem with the whole file (e.g. no such CSV column): reported in every mode.
    case fatal(InputError)
}
