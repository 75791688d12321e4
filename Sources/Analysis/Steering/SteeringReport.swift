/// The steering section: what a steered run banned and when, what it rejected as crowded, and its
/// diversity over the run with and without steering's rejections.
public struct SteeringReport: Sendable, Codable {
    /// A ban, as in ``SteeringLog/Ban``.
    public struct Ban: Sendable, Codable {
        /// The attempt whose acceptance banned the template.
        public var attempt: Int
        /// The template.
        public var template: String
        /// Candidates that reached the gate after their prompt's avoid list named it.
        public var namedTo: Int
        /// Those of them that used it anyway.
        public var copiedBy: Int
        /// The attempt after which the avoid list stopped naming it, because candidates copied it (nil: named to the end).
        public var unnamedAt: Int?
    }
    /// A crowded rejection.
    public struct Crowded: Sendable, Codable {
        /// Its attempt.
        public var attempt: Int
        /// Its crowding gain.
        public var gain: Double?
        /// What the candidate said.
        public var text: String
    }
    /// One point of the diversity curve.
    public struct CurvePoint: Sendable, Codable {
        /// Attempts up to this number are counted.
        public var attempt: Int
        /// Accepted personas by then.
        public var accepted: Int
        /// Vendi score (q = 1) of those.
        public var vendi: Double
        /// Accepted plus steering's rejections by then.
        public var withRejects: Int
        /// Vendi score (q = 1) of those (nil when the rejections could not be embedded).
        public var vendiWithRejects: Double?
    }

    /// What selection withdrew at the end of the run.
    public struct Selection: Sendable, Codable {
        /// Withdrawn for a phrase template above the cap.
        public var forPhrases: Int
        /// Withdrawn for the diversity of the rest.
        public var forDiversity: Int
    }

    /// The run's steering settings.
    public var settings: String
    /// Templates banned, in order.
    public var bans: [Ban]
    /// Steering's rejections by reason.
    public var rejected: [String: Int]
    /// Accepted candidates steering would have rejected had its rejection budget not been spent.
    public var waived: Int
    /// Banned templates by how many candidates they rejected, most first (at most 10).
    public var overusedTemplates: [TropeReport.Phrase]
    /// Crowded rejections with the lowest gains (at most 10).
    public var crowded: [Crowded]
    /// Diversity over the run.
    public var curve: [CurvePoint]
    /// What selection withdrew (nil when it withdrew nothing).
    public var selection: Selection? = nil
}
