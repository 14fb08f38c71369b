import Foundation

/// A consolidated report being drafted by the coordinator: each saved version keeps the whole document as it was
/// read and approved (so a download of version 3 is version 3, whatever reports arrived since), which sections the
/// clerk rewrote (those survive a regeneration of the figures), and the registration details filled in at the end.
public struct ReportDraft: Sendable, Hashable {
    public typealias ID = EntityID<ReportDraft>

    /// What the report covers: one plan, or the province across its plans.
    public enum Scope: Sendable, Hashable {
        case plan(StoredPlan.ID)
        case province

        /// `plan:6`, `province`: as stored.
        public var code: String {
            switch self {
            case let .plan(id): "plan:\(id)"
            case .province: "province"
            }
        }

        /// `6` or `tinh`: as the address writes it.
        public var path: String {
            switch self {
            case let .plan(id): id.description
            case .province: "tinh"
            }
        }

        public init?(path: String) {
            if path == "tinh" { self = .province } else if let id = StoredPlan.ID(path) { self = .plan(id) } else { return nil }
        }
    }

    public var id: ID
    public var provinceID: Province.ID
    public var scope: Scope
    public var period: Period
    /// 1, 2, … per scope and period.
    public var version: Int
    public var document: AdministrativeDocument
    /// Keys of the sections the clerk rewrote (`opening`, `II.3`, `next`).
    public var edited: Set<String>
    /// What this version changed, in words (`Sửa mục I, II.3; số văn bản 123`).
    public var change: String
    public var username: String
    /// ISO 8601 UTC.
    public var savedAt: String

    public init(id: ID, provinceID: Province.ID, scope: Scope, period: Period, version: Int, document: AdministrativeDocument,
                edited: Set<String>, change: String, username: String, savedAt: String) {
        self.id = id; self.provinceID = provinceID; self.scope = scope; self.period = period; self.version = version
        self.document = document; self.edited = edited; self.change = change; self.username = username; self.savedAt = savedAt
    }
}

/// How a draft is made from a freshly generated document and a clerk's edits: one rule for the web workspace, its
/// tests and the command line.
public enum ReportDrafting {
    /// The section the generator leaves empty for the clerk: what the agencies will do next.
    public static let nextKey = "next"
    public static let nextHeading = "VI. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"

    /// The registration details written at the end: number, date, who signs.
    public struct Signing: Sendable, Hashable {
        public var number: String?
        public var date: CivilDate?
        public var authority: String?
        public var title: String?
        public var name: String?
        public init(number: String? = nil, date: CivilDate? = nil, authority: String? = nil, title: String? = nil, name: String? = nil) {
            self.number = number; self.date = date; self.authority = authority; self.title = title; self.name = name
        }
    }

    /// Words compared as the clerk would: spaces and line ends do not count as a change.
    static func same(_ a: String, _ b: String) -> Bool {
        func norm(_ s: String) -> String {
            s.split(whereSeparator: \.isNewline).map { TextFolding.collapseSpaces(String($0)).trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }.joined(separator: "\n")
        }
        return norm(a) == norm(b)
    }

    /// The generated document with the sections of `previous` the clerk rewrote put back (by key; a rewritten
    /// section whose key the new figures no longer have stays, before section V's place at the end), and the
    /// empty section for what comes next.
    public static func regenerate(_ generated: AdministrativeDocument, keeping previous: ReportDraft?) -> AdministrativeDocument {
        var doc = generated
        if !doc.sections.contains(where: { $0.key == nextKey }) {
            doc.sections.append(.init(key: nextKey, heading: nextHeading, blocks: []))
        }
        guard let previous else { return doc }
        for key in previous.edited.sorted() {
            guard let kept = previous.document.sections.first(where: { $0.key == key }) else { continue }
            if let i = doc.sections.firstIndex(where: { $0.key == key }) {
                // The clerk's words; the generated tables of the section stay the new ones.
                doc.sections[i] = doc.sections[i].replacingText(kept.text)
            } else {
                doc.sections.insert(kept, at: max(doc.sections.count - 1, 0))
            }
        }
        doc.number = previous.document.number; doc.signerName = previous.document.signerName
        doc.signerAuthority = previous.document.signerAuthority; doc.signerTitle = previous.document.signerTitle
        if previous.document.number != nil { doc.date = previous.document.date }
        return doc
    }

    /// The document after the clerk's save: `texts` by section key replace the words of those sections; a text
    /// equal to what the system proposed is not an edit (it follows the next regeneration), `revert` drops an edit.
    /// Returns the document, the edited keys and what changed since `base` in words.
    public static func apply(texts: [String: String], revert: Set<String>, signing: Signing, to base: AdministrativeDocument,
                             generated: AdministrativeDocument, previouslyEdited: Set<String>) -> (AdministrativeDocument, Set<String>, String) {
        var doc = base
        var edited = previouslyEdited
        var changed: [String] = []
        for (i, section) in doc.sections.enumerated() {
            let proposed = generated.sections.first { $0.key == section.key }
            if revert.contains(section.key), let proposed {
                if edited.remove(section.key) != nil { changed.append(label(section)) }
                doc.sections[i] = proposed
                continue
            }
            guard let text = texts[section.key], !same(text, section.text) else { continue }
            doc.sections[i] = section.replacingText(text)
            changed.append(label(section))
            if let proposed, same(text, proposed.text) { edited.remove(section.key) } else { edited.insert(section.key) }
        }
        func set<T: Equatable>(_ path: WritableKeyPath<AdministrativeDocument, T?>, _ value: T?, _ what: String) {
            if doc[keyPath: path] != value { doc[keyPath: path] = value; changed.append(what) }
        }
        set(\.number, signing.number, "số văn bản")
        set(\.signerAuthority, signing.authority, "thẩm quyền ký")
        set(\.signerName, signing.name, "người ký")
        if let title = signing.title, !title.isEmpty, title != doc.signerTitle { doc.signerTitle = title; changed.append("chức vụ người ký") }
        if let date = signing.date, date != doc.date { doc.date = date; changed.append("ngày văn bản") }
        return (doc, edited, changed.isEmpty ? "Không thay đổi nội dung" : "Sửa " + changed.joined(separator: ", "))
    }

    /// `mục II.3` / `phần mở đầu`: a section as the change log names it.
    public static func label(_ s: AdministrativeDocument.Section) -> String {
        switch s.key {
        case "opening": "phần mở đầu"
        case nextKey: "mục VI"
        default: "mục \(s.key)"
        }
    }

    /// The document to publish: without the empty section for what comes next.
    public static func publishable(_ doc: AdministrativeDocument) -> AdministrativeDocument {
        var d = doc
        d.sections.removeAll { $0.key == nextKey && $0.blocks.isEmpty }
        return d
    }
}
