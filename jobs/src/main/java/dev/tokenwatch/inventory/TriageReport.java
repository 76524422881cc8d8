package dev.tokenwatch.inventory;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The findings of a breach triage for a leak starting at {@code since} (epoch millis), per section in time order. */
public record TriageReport(long since, Map<TriageSection, List<Finding>> sections) {
    public TriageReport {
        Map<TriageSection, List<Finding>> copy = new EnumMap<>(TriageSection.class);
        for (TriageSection s : TriageSection.values()) copy.put(s, List.copyOf(sections.getOrDefault(s, List.of())));
        sections = copy;
    }

    public List<Finding> findings(TriageSection section) {
        return sections.get(section);
    }

    /** The tokens that need a look: every one a section names, except those whose only findings are routine pushes. Sorted. */
    public Set<String> suspects() {
        return sections.values().stream().flatMap(List::stream).filter(Finding::notable).map(Finding::token)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The tokens a section names, sorted. */
    public Set<String> tokens(TriageSection section) {
        return findings(section).stream().map(Finding::token).collect(Collectors.toCollection(TreeSet::new));
    }
}
