/// `Codable` through ``JSONValue``, with the same rules and errors as ``Persona/init(json:)``.
///
/// `JSONEncoder` does not keep key order; use ``Persona/jsonLine()`` for files in card order.
extension Persona: Codable {
    /// Decodes a persona object; a schema problem becomes `DecodingError.dataCorrupted` whose
    /// description names the field ("age: expected an integer, got string \"forty\"").
    public init(from decoder: any Decoder) throws {
        let value = try JSONValue(from: decoder)
        do {
            try self.init(json: value)
        } catch {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath, debugDescription: error.description,
                                                                    underlyingError: error))
        }
    }

    /// Encodes the persona as its ``jsonValue``.
    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }
}
