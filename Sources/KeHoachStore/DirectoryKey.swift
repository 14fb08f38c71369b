import KeHoachCore

/// Keys under which the directory finds a name written in a plan: the name's match key (abbreviations
/// expanded, marks and case folded, punctuation dropped) without `và`, and variants without the
/// province's name or a trailing `tỉnh`.
enum DirectoryKey {
    static func key(_ name: String) -> String {
        AgencyNames.matchKey(name).split(separator: " ").filter { $0 != "va" }.joined(separator: " ")
    }

    /// The key and its variants, most specific first.
    static func variants(_ name: String, province: String) -> [String] {
        let k = key(name)
        let p = key(province)
        var out = [k]
        if k.hasSuffix(" tinh " + p) { out.append(String(k.dropLast(p.count + 6))) }
        if k.hasSuffix(" " + p) { out.append(String(k.dropLast(p.count + 1))); out.append(String(k.dropLast(p.count + 1)) + " tinh") }
        if k.hasSuffix(" tinh") { out.append(String(k.dropLast(5))) } else { out.append(k + " tinh") }
        out.append(k + " tinh " + p)
        return out
    }
}

/// Resolves names written in plans against one province's directory, in memory, for one load.
struct Resolver {
    var province: String
    var byKey: [String: Agency.ID] = [:]
    var names: [Agency.ID: String] = [:]
    var successor: [Agency.ID: Agency.ID] = [:]
    var groups: [AgencyGroup: [Agency.ID]] = [:]
    /// Keys of names marked as outside the province.
    var outside: Set<String> = []

    struct Hit { var agency: Agency.ID?; var predecessor: Agency.ID?; var resolution: Resolution?; var predecessorText: String? }

    /// The agencies a name stands for: one agency, the members of a group, or nothing (unresolved).
    func resolve(_ text: String) -> [Hit] {
        if let group = AgencyNames.group(text) {
            switch group {
            case .districts:
                // District level abolished on 1/7/2025: its tasks go to the communes.
                return members(.communes).map { Hit(agency: $0, predecessor: nil, resolution: .group, predecessorText: text) }
            case .relatedAgencies:
                let k = TextFolding.searchKey(text)
                if k.includes("dia phuong") { return (members(.departments) + members(.communes)).map { Hit(agency: $0, predecessor: nil, resolution: .group) } }
                return [Hit(agency: nil, predecessor: nil, resolution: .group)]
            case .localities:
                return members(.communes).map { Hit(agency: $0, predecessor: nil, resolution: .group) }
            default:
                return members(group).map { Hit(agency: $0, predecessor: nil, resolution: .group) }
            }
        }
        for (i, k) in DirectoryKey.variants(text, province: province).enumerated() {
            guard let id = byKey[k] else { continue }
            let resolution: Resolution = names[id] == text ? .exact : (i == 0 ? .alias : .key)
            var current = id
            var seen: Set<Agency.ID> = [id]
            while let next = successor[current], !seen.contains(next) { seen.insert(next); current = next }
            return [Hit(agency: current, predecessor: current == id ? nil : id, resolution: resolution)]
        }
        if outside.contains(DirectoryKey.key(text)) { return [Hit(agency: nil, predecessor: nil, resolution: .outside)] }
        return [Hit(agency: nil, predecessor: nil, resolution: nil)]
    }

    func members(_ group: AgencyGroup) -> [Agency.ID] { groups[group] ?? [] }
}
