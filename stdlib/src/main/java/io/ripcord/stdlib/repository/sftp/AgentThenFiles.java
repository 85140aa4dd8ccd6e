package io.ripcord.stdlib.repository.sftp;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.Identity;
import com.jcraft.jsch.IdentityRepository;
import com.jcraft.jsch.SSHAgentConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Vector;

/**
 * The keys offered to the server: the SSH agent's first (as OpenSSH does), then the key files. An agent that does
 * not answer is skipped, so a stale {@code SSH_AUTH_SOCK} costs nothing but its keys.
 */
final class AgentThenFiles implements IdentityRepository {

    private final IdentityRepository agent;
    private final IdentityRepository files;

    private AgentThenFiles(IdentityRepository agent, IdentityRepository files) {
        this.agent = agent;
        this.files = files;
    }

    /** files alone when there is no usable agent socket. */
    static IdentityRepository of(Path agentSocket, IdentityRepository files) {
        if (agentSocket == null || !Files.exists(agentSocket)) {
            return files;
        }
        try {
            return new AgentThenFiles(new AgentIdentityRepository(new SSHAgentConnector(agentSocket)), files);
        } catch (AgentProxyException | RuntimeException e) {
            return files;
        }
    }

    @Override
    public String getName() {
        return "ssh-agent, then key files";
    }

    @Override
    public int getStatus() {
        return RUNNING;
    }

    @Override
    public Vector<Identity> getIdentities() {
        Vector<Identity> all = new Vector<>();
        try {
            all.addAll(agent.getIdentities());
        } catch (RuntimeException e) {
            // the agent went away: its keys are not offered
        }
        all.addAll(files.getIdentities());
        return all;
    }

    @Override
    public boolean add(byte[] identity) {
        return files.add(identity);
    }

    @Override
    public boolean remove(byte[] blob) {
        return files.remove(blob);
    }

    @Override
    public void removeAll() {
        files.removeAll();
    }
}
