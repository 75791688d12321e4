import LLMClient
import Networking

/// Why a run gave up on its chat endpoint (``PersonaGenerator/Completion/endpointFailed``).
public struct EndpointFailure: Sendable, Equatable {
    /// Which endpoint failed.
    public enum Role: String, Sendable {
        /// The chat endpoint that writes personas (`--base-url`).
        case chat
        /// The LLM judge's endpoint (`--judge-base-url`).
        case judge
    }

    /// Which endpoint failed.
    public var role: Role = .chat
    /// What the failures say about the endpoint (never ``EndpointDiagnosis/transient``).
    public var diagnosis: EndpointDiagnosis
    /// Settled attempts in a row that failed this way (1 for a fatal answer).
    public var inARow: Int
    /// The last failure in a few words (redacted).
    public var reason: String

    /// Watches settled attempts and decides when the endpoint is beyond hope: at once on a fatal
    /// diagnosis, or after `limit` attempts in a row that could not connect. Any answer from the
    /// server, or a transient failure, breaks the row; cancelled attempts do not count.
    struct Watch {
        /// Attempts in a row that may fail to connect before the run stops.
        let limit: Int
        /// The endpoint watched.
        let role: Role
        private var unreachableInARow = 0
        /// Set once the endpoint is given up on; never cleared.
        private(set) var failure: EndpointFailure?

        init(limit: Int, role: Role = .chat) {
            self.limit = max(limit, 1)
            self.role = role
        }

        /// Counts an attempt whose chat request failed for good.
        mutating func record(_ chatFailure: ChatFailure) {
            let diagnosis = chatFailure.diagnosis
            unreachableInARow = diagnosis == .unreachable ? unreachableInARow + 1 : 0
            guard failure == nil, diagnosis.isFatal || unreachableInARow >= limit else { return }
            failure = EndpointFailure(role: role, diagnosis: diagnosis, inARow: diagnosis.isFatal ? 1 : unreachableInARow,
                                      reason: chatFailure.reason ?? chatFailure.message)
        }

        /// Counts an attempt the server answered (whatever the answer's content).
        mutating func recordAnswer() { unreachableInARow = 0 }
    }
}
