/// Where an attempt's reference personas came from (an event's `reference_source`): the seed personas,
/// the recent accepted ones, or (coverage steering instead of `recent`) accepted ones spread over the whole run.
public enum ReferenceSource: String, Sendable, Codable { case seeds, recent, spread }
