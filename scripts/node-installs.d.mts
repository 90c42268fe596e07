/** The folder under which what Node `major` needs is installed: `.tmp/node-<major>`. */
export declare function nodePrefix(major: number): string;
/** Installs `spec` with npm into its own folder `<nodePrefix(major)>/<folder>`. */
export declare function npmInstall(major: number, folder: string, spec: string): void;
/** better-sqlite3 13 (Node-API, prebuilt) for Node `major`, installed on first use; returns its package folder. */
export declare function newerBetterSqlite3(major: number): string;
