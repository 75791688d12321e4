extension ParquetColumn {
    /// The leaf layout the writer follows for this column (flat, or a 3-level `LIST`).
    ///
    /// - Throws: ``ParquetError`` with code ``ParquetError/Code/invalidArgument`` for a type the writer does not write.
    func writerLayout() throws(ParquetError) -> LeafLayout {
        switch type {
        case .string, .int64, .double, .bool:
            return LeafLayout(path: [name], kind: try Self.writerKind(type, column: name), maxDefinitionLevel: isNullable ? 1 : 0,
                              maxRepetitionLevel: 0, list: nil)
        case let .list(element):
            let present = isNullable ? 1 : 0
            let slot = present + 1
            return LeafLayout(path: [name, "list", "element"], kind: try Self.writerKind(element, column: name),
                              maxDefinitionLevel: slot + (elementsAreNullable ? 1 : 0), maxRepetitionLevel: 1,
                              list: ListLevels(present: present, slot: slot))
        case .unsupported:
            throw ParquetError(.invalidArgument, file: "", column: name, detail: "the writer cannot write a column of type \(type)")
        }
    }

    private static func writerKind(_ type: ParquetColumnType, column: String) throws(ParquetError) -> ValueKind {
        switch type {
        case .string: return .string
        case .int64: return .int64
        case .double: return .double
        case .bool: return .bool
        case .list, .unsupported:
            throw ParquetError(.invalidArgument, file: "", column: column, detail: "the writer cannot write lists of \(type)")
        }
    }

    /// The schema elements of this column: one for a flat column, three for a list.
    func schemaElements(kind: ValueKind) -> [SchemaElement] {
        let repetition: Repetition = isNullable ? .optional : .required
        func leaf(named leafName: String, repetition: Repetition) -> SchemaElement {
            let isString = kind == .string
            return SchemaElement(name: leafName, type: kind.physicalType, repetition: repetition,
                                 convertedType: isString ? .utf8 : nil, logicalType: isString ? .string : nil)
        }
        guard case .list = type else { return [leaf(named: name, repetition: repetition)] }
        return [
            SchemaElement(name: name, repetition: repetition, numChildren: 1, convertedType: .list, logicalType: .list),
            SchemaElement(name: "list", repetition: .repeated, numChildren: 1),
            leaf(named: "element", repetition: elementsAreNullable ? .optional : .required),
        ]
    }

    /// Why `value` cannot be a cell of this column, or nil when it can.
    func rejection(of value: ParquetValue) -> String? {
        if value == .null { return isNullable ? nil : "null in a non-nullable column" }
        switch (type, value) {
        case (.string, .string), (.int64, .int), (.double, .double), (.bool, .bool): return nil
        case let (.list(element), .list(items)):
            for (position, item) in items.enumerated() {
                if item == .null {
                    if !elementsAreNullable { return "null element \(position) in a list of non-nullable elements" }
                    continue
                }
                if !Self.matches(item, element) { return "element \(position) is \(item), not \(element)" }
            }
            return nil
        default:
            return "\(value) is not a \(type) cell"
        }
    }

    private static func matches(_ value: ParquetValue, _ type: ParquetColumnType) -> Bool {
        switch (type, value) {
        case (.string, .string), (.int64, .int), (.double, .double), (.bool, .bool): true
        default: false
        }
    }
}
