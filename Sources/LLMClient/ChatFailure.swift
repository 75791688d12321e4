import Networking

/// A chat request (the generator's or the LLM judge's) that failed for good, with the faults that led there.
public struct ChatFailure: Error, Sendable, CustomStringConvertible {
    /// Fault kinds, in order (the last one ended the request).
    public var faults: [String]
    /// A human-readable explanation (redacted).
    public var message: String
    /// What the failure says about the endpoint; a run stops on a fatal one or on a row of
    /// ``Networking/EndpointDiagnosis/unreachable`` ones.
    public var diagnosis: EndpointDiagnosis
    /// The last fault in a few words (redacted), for the message that stops a run; nil: use ``message``.
    public var reason: String?
    /// HTTP requests made (0 when unknown).
    public var requests: Int

    /// A failure.
    public init(faults: [String], message: String, diagnosis: EndpointDiagnosis = .transient, reason: String? = nil, requests: Int = 0) {
        self.faults = faults
        self.message = message
        self.diagnosis = diagnosis
        self.reason = reason
        self.requests = requests
    }

    /// The failure of a request that ended in `error`.
    /// - Parameters:
    ///   - error: the client's error.
    ///   - context: put before the error's description in ``message`` (`judge: `), if anything.
    public init(_ error: ChatCompletionError, context: String = "") {
        var faults = error.faults.list
        if faults.isEmpty, let kind = error.kind { faults = [kind.rawValue] }
        self.init(faults: faults, message: context + error.description, diagnosis: error.diagnosis, reason: error.reason, requests: error.attempts)
    }

    /// The message.
    public var description: String { message }
}
