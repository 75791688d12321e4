/// Process exit statuses shared by every PersonaBank tool (BSD `sysexits` where one applies).
public enum ExitCode: Int32, Sendable {
    /// Everything worked.
    case success = 0
    /// Anything else went wrong (I/O, network, a bug).
    case failure = 1
    /// The command line was wrong (EX_USAGE).
    case usage = 64
    /// The input data was wrong (EX_DATAERR).
    case dataError = 65
}
