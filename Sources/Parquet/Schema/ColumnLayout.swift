/// How one top-level field of the schema maps to leaf columns, and how its cells are rebuilt from
/// definition and repetition levels.
struct ColumnLayout: Sendable {
    /// The public description.
    let column: ParquetColumn
    /// The index of the field's first leaf (column chunks of a row group follow leaf order).
    let firstLeaf: Int
    /// How to decode the field's one leaf; nil when the field is unsupported (``column`` names why).
    let leaf: LeafLayout?

    /// The layouts of the root's children, in schema order.
    static func layouts(of root: SchemaNode) -> [ColumnLayout] {
        var layouts: [ColumnLayout] = []
        var leafIndex = 0
        for field in root.children {
            layouts.append(layout(of: field, firstLeaf: leafIndex))
            leafIndex += field.leafCount
        }
        return layouts
    }

    private static func layout(of field: SchemaNode, firstLeaf: Int) -> ColumnLayout {
        let name = field.element.name
        let optional = field.element.repetition == .optional
        func unsupported(_ feature: String) -> ColumnLayout {
            ColumnLayout(column: ParquetColumn(name: name, type: .unsupported(feature: feature), isNullable: optional), firstLeaf: firstLeaf, leaf: nil)
        }
        if field.isLeaf {
            let kind: ValueKind
            switch ValueKind.resolve(field.element) {
            case let .success(resolved): kind = resolved
            case let .failure(error): return unsupported(error.feature ?? error.detail)
            }
            if field.element.repetition == .repeated {
                // A bare repeated primitive: a required list of required elements.
                let leaf = LeafLayout(path: [name], kind: kind, maxDefinitionLevel: 1, maxRepetitionLevel: 1,
                                      list: ListLevels(present: 0, slot: 1))
                return ColumnLayout(column: ParquetColumn(name: name, type: .list(kind.columnType), isNullable: false, elementsAreNullable: false),
                                    firstLeaf: firstLeaf, leaf: leaf)
            }
            let leaf = LeafLayout(path: [name], kind: kind, maxDefinitionLevel: optional ? 1 : 0, maxRepetitionLevel: 0, list: nil)
            return ColumnLayout(column: ParquetColumn(name: name, type: kind.columnType, isNullable: optional), firstLeaf: firstLeaf, leaf: leaf)
        }
        let element = field.element
        if element.logicalType == .map || element.convertedType == .map || element.convertedType == .mapKeyValue { return unsupported("map column") }
        guard element.logicalType == .list || element.convertedType == .list else {
            return unsupported(element.repetition == .repeated ? "repeated group column" : "nested struct column")
        }
        return listLayout(of: field, firstLeaf: firstLeaf) ?? unsupported("LIST layout with \(field.children.count) children")
    }

    /// The layout of a LIST-annotated group (3-level, or the legacy 2-level forms); an
    /// unsupported layout when the elements are not primitive; nil when the group is not a valid list.
    private static func listLayout(of field: SchemaNode, firstLeaf: Int) -> ColumnLayout? {
        let name = field.element.name
        guard field.element.repetition != .repeated, field.children.count == 1, let repeated = field.children.first,
              repeated.element.repetition == .repeated else { return nil }
        let optional = field.element.repetition == .optional
        func unsupported(_ feature: String) -> ColumnLayout {
            ColumnLayout(column: ParquetColumn(name: name, type: .unsupported(feature: feature), isNullable: optional), firstLeaf: firstLeaf, leaf: nil)
        }
        let present = optional ? 1 : 0
        let element: SchemaNode
        let elementOptional: Bool
        var path = [name, repeated.element.name]
        if repeated.isLeaf {
            // 2-level: the repeated primitive is the element.
            element = repeated
            elementOptional = false
        } else {
            // A repeated group of several fields, or one named "array" or "<list>_tuple", is itself the (struct) element.
            let legacyStruct = repeated.children.count != 1 || repeated.element.name == "array" || repeated.element.name == "\(name)_tuple"
            guard !legacyStruct, let inner = repeated.children.first else { return unsupported("list of structs") }
            guard inner.isLeaf else {
                let nestedList = inner.element.logicalType == .list || inner.element.convertedType == .list
                let nestedMap = inner.element.logicalType == .map || inner.element.convertedType == .map
                return unsupported(nestedList ? "nested list" : nestedMap ? "list of maps" : "list of structs")
            }
            guard inner.element.repetition != .repeated else { return unsupported("nested list") }
            element = inner
            elementOptional = inner.element.repetition == .optional
            path.append(inner.element.name)
        }
        let kind: ValueKind
        switch ValueKind.resolve(element.element) {
        case let .success(resolved): kind = resolved
        case let .failure(error): return unsupported("list of \(error.feature ?? error.detail)")
        }
        let slot = present + 1
        let leaf = LeafLayout(path: path, kind: kind, maxDefinitionLevel: slot + (elementOptional ? 1 : 0), maxRepetitionLevel: 1,
                              list: ListLevels(present: present, slot: slot))
        return ColumnLayout(column: ParquetColumn(name: name, type: .list(kind.columnType), isNullable: optional, elementsAreNullable: elementOptional),
                            firstLeaf: firstLeaf, leaf: leaf)
    }
}

/// How to decode one leaf column.
struct LeafLayout: Sendable, Hashable {
    /// The leaf's path in the schema (`["traits", "list", "element"]`).
    let path: [String]
    /// How values are stored.
    let kind: ValueKind
    /// The definition level of a present value.
    let maxDefinitionLevel: Int
    /// 0 for a flat column, 1 for a list.
    let maxRepetitionLevel: Int
    /// For lists: the levels of the list and its element slots.
    let list: ListLevels?
}

/// The definition levels of a list column.
struct ListLevels: Sendable, Hashable {
    /// At this level or above the list exists (below it, the list is null).
    let present: Int
    /// At this level or above an element slot exists (between `present` and here, the list is empty);
    /// below the maximum level the element is null.
    let slot: Int
}
