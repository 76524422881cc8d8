package dev.tokenwatch.samples.population;

import static dev.tokenwatch.samples.Time.DAY;
import static dev.tokenwatch.samples.Time.HOUR;
import static dev.tokenwatch.samples.Time.MINUTE;
import static dev.tokenwatch.samples.Time.SECOND;

import dev.tokenwatch.samples.Dice;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What acme does on ordinary days, modelled on how people, CI and clusters behave rather than on
 * what the rules tolerate: office and home days, nightly DSL reconnects, VPNs, trips, Docker
 * Desktop sign-ins, autoscaled CI runners, rollouts, scanners, arrivals and departures.
 */
final class BenignPopulation {
    /** A release pushed by CI, which the rollouts pull. */
    record Release(String repo, String tag, String digest, long time) {}

    private static final String[] TEAM_NAMES = {"platform", "payments", "growth", "data", "core"};
    /** Where each team's CI follows office hours. */
    private static final Networks.Office[] TEAM_HOME = {Networks.Office.BERLIN, Networks.Office.AMSTERDAM,
            Networks.Office.NEW_YORK, Networks.Office.BENGALURU, Networks.Office.LONDON};
    private static final int CI_PIPELINES = 25;

    private final Dice dice;
    private final Recorder rec;
    private final Organization org;
    private final long start;
    private final int days;
    private final Map<Networks.Office, List<String>> officeAddresses = new EnumMap<>(Networks.Office.class);
    private final List<String> partnerAddresses = new ArrayList<>();
    private final List<String> nodes = new ArrayList<>();

    final List<Release> releases = new ArrayList<>();
    final List<Tok> ciTokens = new ArrayList<>();
    final Tok deployToken = new Tok("tok-deploy-prod", "deploy-bot", "robot", Tok.READ);
    final Tok integrationToken = new Tok("tok-ci-integration", "ci-integration", "robot", Tok.READ);

    BenignPopulation(Dice dice, Recorder rec, Organization org, long start) {
        this.dice = dice;
        this.rec = rec;
        this.org = org;
        this.start = start;
        this.days = org.days;
        for (Networks.Office o : Networks.Office.values()) {
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < 3; i++) addresses.add(o.block.address(dice));
            officeAddresses.put(o, addresses);
        }
        for (int i = 0; i < 2; i++) partnerAddresses.add(Networks.PARTNER_SITE_DE.address(dice));
        for (Networks.Block b : Networks.K8S_NODES) for (int i = 0; i < 4; i++) nodes.add(b.address(dice));
    }

    void generate() {
        for (Person p : org.people) person(p);
        ci();
        integrationTests();
        rollouts();
        clusterBackground();
        scanner();
        mirror();
        staleServicePassword();
        quarterlyJob();
        administration();
    }

    String officeAddress(Person p) {
        return p.contractor ? dice.pick(partnerAddresses) : dice.pick(officeAddresses.get(p.office));
    }

    /** Event time of a local clock time (minutes after local midnight) on the UTC day starting at {@code dayStart}. */
    static long local(long dayStart, int utcOffsetMinutes, int localMinute) {
        return dayStart + (localMinute - utcOffsetMinutes) * MINUTE;
    }

    long dayStart(int day) {
        return start + day * DAY;
    }

    // ---- people ----

    private void person(Person p) {
        for (int d = 0; d < days; d++) {
            if (!p.presentOn(d)) continue;
            renewHomeAddress(p);
            long dayStart = dayStart(d);
            if (d == p.startDay && d > 0) onboarding(p, dayStart);
            if (p.trip != null && p.trip.covers(d)) {
                travelDay(p, d, dayStart);
            } else if (d % 7 >= 5) {
                if (dice.chance(0.12)) session(p, local(dayStart, p.utcOffsetMinutes(), dice.between(10 * 60, 21 * 60)), homeOrVpn(p));
            } else {
                workday(p, d, dayStart);
            }
            if (d == p.leaveDay) departure(p, dayStart);
        }
    }

    /** DSL lines get a new address every night; cable and fibre rarely, sometimes from another block of the ISP. */
    private void renewHomeAddress(Person p) {
        if (p.isp.dailyNewAddress || dice.chance(0.04)) {
            p.homeAddress = (dice.chance(0.8) ? blockOf(p.isp, p.homeAddress) : dice.pick(p.isp.blocks)).address(dice);
        }
    }

    private static Networks.Block blockOf(Networks.Isp isp, String address) {
        for (Networks.Block b : isp.blocks) if (address.startsWith(b.prefix() + ".")) return b;
        return isp.blocks.get(0);
    }

    private String homeOrVpn(Person p) {
        if (p.vpn && dice.chance(0.4)) return dice.pick(Networks.VPN_EXITS).address(dice);
        if (dice.chance(0.04)) return Networks.mobile(p.office.country).address(dice); // tethering on the phone
        return p.homeAddress;
    }

    private void workday(Person p, int day, long dayStart) {
        boolean inOffice = !p.remote && dice.chance(0.6);
        int begin = dice.between(7 * 60 + 30, 10 * 60);
        int finish = dice.between(16 * 60 + 30, 19 * 60);
        long first = local(dayStart, p.utcOffsetMinutes(), begin);
        String firstAddress = inOffice ? officeAddress(p) : homeOrVpn(p);
        if (dice.chance(0.7)) webLogin(p, firstAddress, first);
        if (p.dockerDesktop && (dice.chance(0.1) || day == p.startDay && day > 0)) desktopSignIn(p, firstAddress, first + 2 * MINUTE);
        if (dice.chance(0.008)) rotatePersonalToken(p, firstAddress, first + 5 * MINUTE);
        if (p.writer && dice.chance(0.003)) newDutiesToken(p, firstAddress, first + 7 * MINUTE);
        int sessions = dice.between(2, 6);
        for (int i = 0; i < sessions; i++) {
            long at = local(dayStart, p.utcOffsetMinutes(), dice.between(begin, finish));
            session(p, at, inOffice ? officeAddress(p) : homeOrVpn(p));
        }
        boolean lastDay = day == p.leaveDay; // the account is removed when the leaver's last day ends
        if (!lastDay && dice.chance(0.15)) session(p, local(dayStart, p.utcOffsetMinutes(), dice.between(20 * 60, 23 * 60)), homeOrVpn(p));
    }

    /** A stretch of work at the terminal: maybe a login check, a few pulls, sometimes a push of a branch build. */
    private void session(Person p, long at, String address) {
        Tok tok = p.cliToken();
        List<String> teamRepos = Repos.ofTeam(p.team, Organization.TEAMS);
        if (dice.chance(0.25)) {
            rec.tokenUsed(tok, address, p.desktopAgent, at);
            at += dice.between(2, 20) * SECOND;
        }
        int pulls = dice.between(1, 4);
        for (int i = 0; i < pulls; i++) {
            String repo = dice.chance(0.25) ? Repos.BASE_IMAGES : dice.chance(0.1) ? dice.pick(Repos.NAMES) : dice.pick(teamRepos);
            rec.pull(tok, address, p.desktopAgent, repo, at);
            at += dice.between(3, 90) * SECOND;
        }
        if (p.writer && tok.canPush() && dice.chance(0.12)) {
            rec.push(tok, address, p.desktopAgent, dice.pick(teamRepos), p.name + "-" + dice.hex(7), at);
        }
    }

    private void webLogin(Person p, String address, long at) {
        if (dice.chance(0.01)) {
            // The password manager still fills the old password: a few quick failures, then the right one typed.
            int failures = dice.between(3, 6);
            for (int i = 0; i < failures; i++) rec.login(p.name, address, p.browser, false, at - (failures - i) * dice.between(4, 12) * SECOND);
        } else if (dice.chance(0.06)) {
            rec.login(p.name, address, p.browser, false, at - dice.between(5, 25) * SECOND); // a typo
        }
        rec.login(p.name, address, p.browser, true, at);
    }

    /** Docker Desktop mints a new auto-generated token at every sign-in and keeps the five most recent. */
    private void desktopSignIn(Person p, String address, long at) {
        rec.login(p.name, address, Clients.DOCKER_DESKTOP, true, at);
        Tok fresh = Organization.autoToken(dice, p.name);
        fresh.createdAt = rec.tokenEvent("token.created", fresh, address, Clients.DOCKER_DESKTOP, at + dice.between(1, 4) * SECOND).time;
        p.autoTokens.add(fresh);
        if (p.autoTokens.size() > 5) {
            Tok old = p.autoTokens.removeFirst();
            rec.tokenEvent("token.deleted", old, address, Clients.DOCKER_DESKTOP, at + dice.between(5, 30) * SECOND);
        }
    }

    /** The personal token nears its expiry: a new one is created, the old one revoked once the laptop uses the new. */
    private void rotatePersonalToken(Person p, String address, long at) {
        Tok old = p.personal;
        p.personal = new Tok("tok-" + p.name + "-" + dice.hex(6), p.name, "personal", old.scopes);
        p.personal.createdAt = rec.tokenEvent("token.created", p.personal, address, p.browser, at).time;
        rec.tokenEvent("token.revoked", old, address, p.browser, at + dice.between(60, 240) * MINUTE);
    }

    /** A developer takes on publishing for a new project and creates a first admin-scoped token. */
    private void newDutiesToken(Person p, String address, long at) {
        Tok admin = new Tok("tok-" + p.name + "-publish-" + dice.hex(4), p.name, "personal", Tok.ADMIN);
        rec.tokenEvent("token.created", admin, address, p.browser, at);
        rec.tokenUsed(admin, address, p.desktopAgent, at + dice.between(2, 30) * MINUTE);
    }

    private void onboarding(Person p, long dayStart) {
        Person admin = dice.pick(org.admins);
        long at = local(dayStart, admin.utcOffsetMinutes(), dice.between(8 * 60, 9 * 60));
        String adminAddress = officeAddress(admin);
        rec.membership("member.add", "org.member.add", admin.name, p.name, null, adminAddress, admin.browser, at);
        rec.membership("member.add", "team.member.add", admin.name, p.name, "team-" + p.team, adminAddress, admin.browser, at + 40 * SECOND);
        long first = local(dayStart, p.utcOffsetMinutes(), 9 * 60 + dice.between(20, 90));
        String address = p.remote ? p.homeAddress : officeAddress(p);
        rec.login(p.name, address, p.browser, true, first);
        p.personal.createdAt = rec.tokenEvent("token.created", p.personal, address, p.browser, first + dice.between(5, 40) * MINUTE).time;
    }

    /** A planned departure: the admin revokes every token, then removes the account from the organization. */
    private void departure(Person p, long dayStart) {
        Person admin = dice.pick(org.admins);
        // After the leaver's working day (which ends by 19:00 local), wherever the admin is.
        long at = local(dayStart, p.utcOffsetMinutes(), 19 * 60 + dice.between(15, 60));
        String address = officeAddress(admin);
        if (!p.removedCarelessly) {
            List<Tok> tokens = new ArrayList<>(p.autoTokens);
            tokens.add(p.personal);
            for (Tok t : tokens) {
                rec.tokenEvent("token.revoked", t, address, admin.browser, at);
                at += dice.between(5, 30) * SECOND;
            }
        }
        rec.membership("member.remove", "org.member.remove", admin.name, p.name, null, address, admin.browser, at + MINUTE);
    }

    private void travelDay(Person p, int day, long dayStart) {
        Person.Trip trip = p.trip;
        Networks.Destination dest = trip.destination();
        boolean longHaul = Math.abs(dest.utcOffsetMinutes - p.utcOffsetMinutes()) > 180;
        long flight = (longHaul ? dice.between(8 * 60, 13 * 60) : dice.between(80, 180)) * MINUTE;
        String roaming = Networks.mobile(p.office.country).address(dice); // roaming data exits through the home carrier
        String hotel = dice.pick(dest.hotels).address(dice);
        if (day == trip.firstDay()) {
            session(p, local(dayStart, p.utcOffsetMinutes(), dice.between(8 * 60, 10 * 60)), p.homeAddress);
            long gate = local(dayStart, p.utcOffsetMinutes(), dice.between(12 * 60, 14 * 60));
            session(p, gate, roaming);
            session(p, gate + flight + dice.between(90, 180) * MINUTE, hotel);
        } else if (day == trip.lastDay()) {
            long morning = local(dayStart, dest.utcOffsetMinutes, dice.between(7 * 60, 9 * 60));
            session(p, morning, hotel);
            session(p, morning + 3 * HOUR + flight + dice.between(60, 180) * MINUTE, p.homeAddress);
        } else {
            String venue = dice.pick(dest.hotels).address(dice);
            int sessions = dice.between(1, 4);
            for (int i = 0; i < sessions; i++) {
                long at = local(dayStart, dest.utcOffsetMinutes, dice.between(9 * 60, 18 * 60));
                session(p, at, dice.chance(0.3) ? roaming : venue);
            }
            if (dice.chance(0.5)) session(p, local(dayStart, dest.utcOffsetMinutes, dice.between(20 * 60, 23 * 60)), hotel);
        }
    }

    // ---- machines ----

    /** 25 build pipelines, one write token each; most on autoscaled AWS runners, a few on Azure or Google Cloud. */
    private void ci() {
        for (int i = 0; i < CI_PIPELINES; i++) {
            String repo = Repos.NAMES.get(i);
            int team = i % TEAM_NAMES.length;
            Tok token = new Tok("tok-ci-" + repo.substring(repo.indexOf('/') + 1), "ci-" + TEAM_NAMES[team], "robot", Tok.READ_WRITE);
            ciTokens.add(token);
            List<Networks.Block> runners = i < 20 ? Networks.AWS_RUNNERS : i < 23 ? Networks.AZURE_RUNNERS : Networks.GCP_RUNNERS;
            int offset = TEAM_HOME[team].utcOffsetMinutes;
            for (int d = 0; d < days; d++) {
                long dayStart = dayStart(d);
                ciJob(token, runners, repo, dayStart + 2 * HOUR + dice.between(0, 20) * MINUTE, false); // nightly build
                if (d % 7 >= 5) continue;
                long at = local(dayStart, offset, 8 * 60);
                long end = local(dayStart, offset, 19 * 60);
                while ((at += dice.exponentialGap(80 * MINUTE)) < end) ciJob(token, runners, repo, at, dice.chance(0.07));
            }
        }
    }

    private void ciJob(Tok token, List<Networks.Block> runners, String repo, long at, boolean release) {
        String runner = dice.pick(runners).address(dice); // a fresh instance for every job
        if (dice.chance(0.5)) {
            rec.tokenUsed(token, runner, Clients.BUILDKIT, at);
            at += dice.between(1, 5) * SECOND;
        }
        rec.pull(token, runner, Clients.BUILDKIT, Repos.BASE_IMAGES, at);
        if (dice.chance(0.7)) rec.pull(token, runner, Clients.BUILDKIT, repo, at + dice.between(2, 10) * SECOND);
        at += dice.between(3, 12) * MINUTE;
        Act build = rec.push(token, runner, Clients.BUILDKIT, repo, "main-" + dice.hex(7), at);
        rec.push(token, runner, Clients.BUILDKIT, repo, new Repos.Image("latest", build.digest), at + dice.between(2, 8) * SECOND);
        if (!release) return;
        String tag = rec.repos().nextRelease(repo);
        Act pushed = rec.push(token, runner, Clients.BUILDKIT, repo, tag, at + dice.between(10, 40) * SECOND);
        releases.add(new Release(repo, tag, pushed.digest, pushed.time));
        if (dice.chance(0.08)) {
            // Someone re-runs the release job; the build is not reproducible, so the same tag gets a new digest.
            String again = dice.pick(runners).address(dice);
            rec.push(token, again, Clients.BUILDKIT, repo, tag, pushed.time + dice.between(10, 40) * MINUTE);
        }
    }

    /** Integration tests start a compose stack: many images pulled at once with a read-only token. */
    private void integrationTests() {
        for (int d = 0; d < days; d++) {
            if (d % 7 >= 5) continue;
            long at = dayStart(d) + 6 * HOUR;
            long end = dayStart(d) + 20 * HOUR;
            while ((at += dice.exponentialGap(2 * HOUR)) < end) {
                String runner = dice.pick(Networks.AWS_RUNNERS).address(dice);
                long t = at;
                for (String repo : dice.sample(Repos.NAMES, dice.between(6, 18))) {
                    rec.pull(integrationToken, runner, Clients.BUILDKIT, repo, t);
                    t += dice.between(1, 8) * SECOND;
                }
            }
        }
    }

    /** Each release is rolled out: a few nodes pull the new tag within the hour. */
    private void rollouts() {
        for (Release r : List.copyOf(releases)) {
            long at = r.time() + dice.between(10, 60) * MINUTE;
            for (String node : dice.sample(nodes, dice.between(3, 6))) {
                rec.pull(deployToken, node, Clients.CONTAINERD, r.repo(), r.tag(), r.digest(), at);
                at += dice.between(1, 40) * SECOND;
            }
        }
    }

    /** Pods restart on the nodes all the time; now and then the autoscaler adds a node, which pulls everything it runs. */
    private void clusterBackground() {
        long end = dayStart(days);
        for (long hour = start; hour < end; hour += HOUR) {
            int restarts = dice.between(3, 8);
            for (int i = 0; i < restarts; i++) {
                rec.pull(deployToken, dice.pick(nodes), Clients.CONTAINERD, dice.pick(Repos.NAMES), hour + dice.between(0, 3599) * SECOND);
            }
            if (dice.chance(0.06)) {
                String node = dice.pick(Networks.K8S_NODES).address(dice);
                nodes.add(node);
                long t = hour + dice.between(0, 3000) * SECOND;
                for (String repo : dice.sample(Repos.NAMES, dice.between(15, 25))) {
                    rec.pull(deployToken, node, Clients.CONTAINERD, repo, t);
                    t += dice.between(2, 9) * SECOND;
                }
            }
        }
    }

    /** The vulnerability scanner pulls every repository every night. */
    private void scanner() {
        Tok token = new Tok("tok-scanner", "scanner", "robot", Tok.READ);
        String host = Networks.SCANNER.address(dice);
        for (int d = 0; d < days; d++) {
            long at = dayStart(d) + HOUR + dice.between(0, 300) * SECOND;
            rec.tokenUsed(token, host, Clients.TRIVY, at);
            for (String repo : Repos.NAMES) {
                at += dice.between(8, 25) * SECOND;
                rec.pull(token, host, Clients.TRIVY, repo, at);
            }
        }
    }

    /** The internal mirror refreshes the base images every hour. */
    private void mirror() {
        Tok token = new Tok("tok-mirror", "mirror-sync", "robot", Tok.READ);
        for (long at = start + 7 * MINUTE; at < dayStart(days); at += HOUR) {
            rec.pull(token, Networks.MIRROR_HOST, Clients.SKOPEO, Repos.BASE_IMAGES, at);
            rec.pull(token, Networks.MIRROR_HOST, Clients.SKOPEO, "acme/nginx", at + dice.between(2, 9) * SECOND);
        }
    }

    /** A service account's password was rotated but one exporter kept the old one, retrying until someone fixed it. */
    private void staleServicePassword() {
        String node = dice.pick(nodes);
        long at = dayStart(dice.between(1, days - 1)) + dice.between(6, 14) * HOUR;
        long fixed = at + dice.between(60, 180) * MINUTE;
        for (; at < fixed; at += 2 * MINUTE) rec.login("metrics-exporter", node, Clients.GO_HTTP, false, at);
        rec.login("metrics-exporter", node, Clients.GO_HTTP, true, fixed);
    }

    /** A finance report runs once a quarter: its token was last used three months ago. */
    private void quarterlyJob() {
        Tok token = new Tok("tok-quarterly-report", "finance-bot", "robot", Tok.READ);
        String node = dice.pick(nodes);
        rec.pull(token, node, Clients.CONTAINERD, "acme/reporting", start - 92 * DAY + 6 * HOUR);
        long at = dayStart(dice.between(1, days - 1)) + 6 * HOUR;
        rec.tokenUsed(token, node, Clients.CONTAINERD, at);
        rec.pull(token, node, Clients.CONTAINERD, "acme/reporting", at + 5 * SECOND);
        rec.pull(token, node, Clients.CONTAINERD, "acme/data-export", at + 12 * SECOND);
    }

    /** Team moves, open-sourcing a project on purpose, a privacy tightening, an owner handing over. */
    private void administration() {
        for (int d = 0; d < days; d++) {
            if (d % 7 >= 5 || !dice.chance(0.3)) continue;
            Person admin = dice.pick(org.admins);
            Person moved = dice.pick(org.presentOn(d));
            long at = local(dayStart(d), admin.utcOffsetMinutes(), dice.between(9 * 60, 17 * 60));
            String address = officeAddress(admin);
            rec.membership("member.remove", "team.member.remove", admin.name, moved.name, "team-" + moved.team, address, admin.browser, at);
            rec.membership("member.add", "team.member.add", admin.name, moved.name, "team-" + moved.team, address, admin.browser, at + 30 * SECOND);
        }
        int openSourced = Math.max(1, days / 7);
        for (int i = 0; i < openSourced; i++) {
            Person admin = dice.pick(org.admins);
            int day = dice.between(0, Math.max(0, days - 2));
            String repo = "acme/oss-" + dice.pick(new String[] {"sdk", "operator", "exporter", "helm-charts", "plugin"}) + "-" + dice.hex(3);
            long at = local(dayStart(day), admin.utcOffsetMinutes(), dice.between(10 * 60, 16 * 60));
            rec.repoSetting("repo.create", admin.name, repo, "private", officeAddress(admin), admin.browser, at);
            rec.repoSetting("repo.visibility.change", admin.name, repo, "public", officeAddress(admin), admin.browser, at + dice.between(20, 30) * HOUR);
        }
        if (dice.chance(0.5)) {
            Person admin = dice.pick(org.admins);
            long at = local(dayStart(dice.between(0, days - 1)), admin.utcOffsetMinutes(), 11 * 60);
            rec.repoSetting("repo.visibility.change", admin.name, "acme/docs", "private", officeAddress(admin), admin.browser, at);
        }
        if (dice.chance(0.5) && org.admins.size() > 1) {
            Person admin = org.admins.get(0);
            long at = local(dayStart(dice.between(0, days - 1)), admin.utcOffsetMinutes(), 15 * 60);
            rec.membership("other", "org.member.role.owner", admin.name, org.admins.get(1).name, null, officeAddress(admin), admin.browser, at);
        }
    }
}
