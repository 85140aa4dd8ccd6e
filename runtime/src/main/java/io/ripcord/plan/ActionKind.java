package io.ripcord.plan;

/** What an action does to the world, with the symbol the text plan shows (Terraform-style, ASCII only). */
public enum ActionKind {
    /** Runs a command or program whose effects Ripcord cannot see. */
    RUN("!"),
    /** Creates something new (a backup artifact, a container). */
    CREATE("+"),
    /** Changes something in place (a restore, a retag). */
    CHANGE("~"),
    /** Removes something (retention, a stopped container). */
    DELETE("-"),
    /** Only reads and checks (verify, health checks). */
    CHECK("?"),
    /** Waits. */
    WAIT("."),
    /** Prints a message; touches nothing. */
    NOTE("#");

    public final String symbol;

    ActionKind(String symbol) {
        this.symbol = symbol;
    }

    public String id() {
        return name().toLowerCase();
    }
}
