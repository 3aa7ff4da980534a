# Sourced by setup.sh and test.sh: install the Debian packages not yet installed.
#   install_missing "what they are for" PACKAGE...
# Works as root (a fresh Debian has no sudo) or through sudo.
install_missing() {
    local label=$1; shift
    local pkg missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo_cmd=()
    if [ "$(id -u)" -ne 0 ]; then
        if ! command -v sudo >/dev/null; then
            echo "Missing Debian packages: ${missing[*]}. Install them as root (apt-get install ${missing[*]}), then run this again." >&2
            return 1
        fi
        sudo_cmd=(sudo)
    fi
    echo "Installing $label: ${missing[*]}"
    "${sudo_cmd[@]}" apt-get update -qq
    # debconf's "apt-utils is not installed" note is noise on a minimal Debian.
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" \
        >/dev/null 2> >(grep -v "^debconf: delaying package configuration" >&2)
}
