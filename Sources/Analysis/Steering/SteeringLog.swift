import PersonaKit

/// What a steered `spb-generate` run logged about its steering (the `steering` settings of its manifest,
/// the `steering` objects of `events.jsonl` and the steering rejections of `rejected.jsonl`).
public struct SteeringLog: Sendable {
    /// A template banned by an acceptance.
    public struct Ban: Sendable, Equatable {
        /// The attempt whose acceptance banned it.
        public var attempt: Int
        /// The template, as the generator names it.
        public var template: String
        /// Candidates that reached the gate after their prompt's avoid list named it.
        public var namedTo = 0
        /// Those of them that used it anyway.
        public var copiedBy = 0
        /// The attempt after which the avoid list stopped naming it, because candidates copied it (nil: named to the end).
        public var unnamedAt: Int? = nil

        /// A ban, with what the avoid list did with it.
        public init(attempt: Int, template: String, namedTo: Int = 0, copiedBy: Int = 0, unnamedAt: Int? = nil) {
            (self.attempt, self.template, self.namedTo, self.copiedBy, self.unnamedAt) = (attempt, template, namedTo, copiedBy, unnamedAt)
        }
    }

    /// A candidate rejected by steering.
    public struct Reject: Sendable {
        /// Its attempt.
        public var attempt: Int
        /// `overused-phrase` or `crowded`.
        public var reason: String
        /// Crowding gain, for `crowded`.
        public var gain: Double?
        /// The generator's explanation.
        public var detail: String?
        /// The rejected persona.
        public var persona: Persona?
        /// For `not-selected`: why selection withdrew it (`overused-phrase` or `diversity`).
        public var selectionCause: String? = nil
    }

    /// The settings, as in the manifest (`parts`, `phrase_share`, …), rendered `key value` for the reader.
    public var settings: String
    /// The manifest's encoder identifier, to tell whether the audit's encoder matches the stored embeddings.
    public var encoderIdentifier: String?
    /// Bans in the order they happened.
    public var bans: [Ban]
    /// Steering's rejections in attempt order.
    public var rejects: [Reject]
    /// The highest attempt number in `events.jsonl`.
    public var lastAttempt: Int
    /// Accepted candidates steering would have rejected had its rejection budget not been spent
    /// (events whose `steering.waived` is set).
    public var waived: Int

    /// The reasons steering rejects with (`not-selected`: withdrawn by selection at the end of the run).
    public static let reasons: Set<String> = ["overused-phrase", "crowded", "not-selected"]

    /// Creates a log.
    public init(settings: String, encoderIdentifier: String?, bans: [Ban], rejects: [Reject], lastAttempt: Int, waived: Int = 0) {
        self.settings = settings
        self.encoderIdentifier = encoderIdentifier
        self.bans = bans
        self.rejects = rejects
        self.lastAttempt = lastAttempt
        self.waived = waived
    }
}
