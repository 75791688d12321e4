import Foundation

extension UsageError: LocalizedError {
    /// The message, so `localizedDescription` reads well.
    public var errorDescription: String? { message }
}
