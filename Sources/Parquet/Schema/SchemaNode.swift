/// The schema as a tree, rebuilt from the footer's depth-first list of elements.
struct SchemaNode: Sendable {
    /// The deepest nesting accepted (a crafted footer cannot exhaust the stack).
    static let maxDepth = 64

    let element: SchemaElement
    let children: [SchemaNode]
    /// The number of leaf (primitive) columns under this node, itself included when it is a leaf.
    let leafCount: Int

    /// Whether this is a primitive column (a physical type and no children).
    var isLeaf: Bool { element.type != nil && children.isEmpty }

    /// Builds the tree of `elements`, whose first element is the root.
    ///
    /// - Throws: ``ParquetError`` when the child counts do not describe exactly one tree over all elements.
    static func tree(from elements: [SchemaElement]) throws(ParquetError) -> SchemaNode {
        guard !elements.isEmpty else { throw ParquetError.malformed("the schema has no elements") }
        var index = 0
        let root = try build(elements, from: &index, depth: 0)
        guard index == elements.count else {
            throw ParquetError.malformed("the schema lists \(elements.count) elements but its root's tree holds \(index)")
        }
        return root
    }

    private static func build(_ elements: [SchemaElement], from index: inout Int, depth: Int) throws(ParquetError) -> SchemaNode {
        guard depth <= maxDepth else { throw ParquetError.malformed("the schema nests deeper than \(maxDepth) levels") }
        guard index < elements.count else { throw ParquetError.malformed("the schema's child counts run past its \(elements.count) elements") }
        let element = elements[index]
        index += 1
        let childCount = Int(element.numChildren ?? 0)
        guard childCount >= 0, childCount <= elements.count - index else {
            throw ParquetError.malformed("schema element \"\(element.name)\" claims \(childCount) children; \(elements.count - index) elements follow")
        }
        var children: [SchemaNode] = []
        children.reserveCapacity(childCount)
        var leaves = element.type != nil && childCount == 0 ? 1 : 0
        for _ in 0 ..< childCount {
            let child = try build(elements, from: &index, depth: depth + 1)
            leaves += child.leafCount
            children.append(child)
        }
        return SchemaNode(element: element, children: children, leafCount: leaves)
    }
}
