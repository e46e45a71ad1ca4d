package org.omnileads.deploy.roles;

import io.pebbletemplates.pebble.error.LoaderException;
import io.pebbletemplates.pebble.loader.Loader;
import java.io.Reader;
import java.io.StringReader;
import java.util.Map;

/**
 * Serves a role's {@code templates/} folder, read into memory at load, to Pebble. Names are
 * relative to that folder; {@code ./} and {@code ../} in includes resolve against the including
 * template, and nothing outside the folder can be reached.
 */
public final class RoleTemplateLoader implements Loader<String> {
    private final Map<String, String> templates;

    public RoleTemplateLoader(Map<String, String> templates) { this.templates = Map.copyOf(templates); }

    @Override
    public Reader getReader(String name) {
        String text = templates.get(name);
        if (text == null) throw new LoaderException(null, "no template " + name + " in the role's templates/ folder");
        return new StringReader(text);
    }

    @Override public void setCharset(String charset) { /* held as text already */ }

    @Override public void setPrefix(String prefix) { /* names are relative to templates/ */ }

    @Override public void setSuffix(String suffix) { /* names are given whole */ }

    @Override
    public String resolveRelativePath(String relativePath, String anchorPath) {
        if (!relativePath.startsWith("./") && !relativePath.startsWith("../")) return null;
        int slash = anchorPath == null ? -1 : anchorPath.lastIndexOf('/');
        String base = slash < 0 ? "" : anchorPath.substring(0, slash + 1);
        return RoleFiles.normalize(base + relativePath);
    }

    @Override
    public String createCacheKey(String templateName) {
        String n = RoleFiles.normalize(templateName);
        return n == null ? templateName : n;
    }

    @Override
    public boolean resourceExists(String templateName) {
        String n = RoleFiles.normalize(templateName);
        return n != null && templates.containsKey(n);
    }
}
