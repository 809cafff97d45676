# Bash completion for newsdex-index and newsdex-search (installed once under each name).
# Subcommands and options are read from the programs' own --help, so they never go stale; the
# values of --country, --topic, --lang and `values` come from the index itself.
# zsh: `autoload -U bashcompinit && bashcompinit` first, then source this file.

# The subcommands (when $2 is "commands") or options listed by `PROGRAM WORDS... --help`.
_newsdex_help_words() {
  local program=$1 kind=$2
  shift 2
  "$program" "$@" --help 2>/dev/null | awk -v kind="$kind" '
    /^Subcommands:/ { in_commands = 1; next }
    /^[^ ]/ { in_commands = 0 }
    kind == "commands" && in_commands && /^  [a-z]/ { print $1 }
    kind == "options" && /^  (-[a-z],)?--[a-z]/ { sub(/^  (-[a-z],)?/, ""); sub(/[ =].*/, ""); print }'
}

# The codes of a facet in the index the command line names (--db), else the default index.
_newsdex_values() {
  local facet=$1 database=() i
  for ((i = 1; i < COMP_CWORD; i++)); do
    [[ ${COMP_WORDS[i]} == --db ]] && database=(--db "${COMP_WORDS[i + 1]}")
  done
  newsdex-search "${database[@]}" values "$facet" 2>/dev/null | awk '{ print $1 }'
}

_newsdex() {
  local program=$1 current=${COMP_WORDS[COMP_CWORD]} previous=${COMP_WORDS[COMP_CWORD - 1]}
  local words=() i
  # The subcommand path typed so far (feeds add, watch list, ...), skipping options and --db's value.
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      --db) ((i++)) ;;
      -*) ;;
      *) if [[ " $(_newsdex_help_words "$program" commands "${words[@]}" | tr '\n' ' ') " == *" ${COMP_WORDS[i]} "* ]]; then
           words+=("${COMP_WORDS[i]}")
         fi ;;
    esac
  done
  COMPREPLY=()
  case $previous in
    --db | --into) mapfile -t COMPREPLY < <(compgen -d -- "$current"); return ;;
    --country) mapfile -t COMPREPLY < <(compgen -W "$(_newsdex_values country)" -- "$current"); return ;;
    --lang) mapfile -t COMPREPLY < <(compgen -W "$(_newsdex_values language)" -- "$current"); return ;;
    --topic)
      mapfile -t COMPREPLY < <(compgen -W "arts-culture-entertainment-media crime-law-justice
        disaster-accident-emergency economy-business-finance education environment health human-interest labour
        lifestyle-leisure politics religion science-technology society sport conflict-war-peace weather" -- "$current")
      return ;;
    --sort) mapfile -t COMPREPLY < <(compgen -W "relevance date recent" -- "$current"); return ;;
    --pages) mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$current"); return ;;
    --by) mapfile -t COMPREPLY < <(compgen -W "day week month country topic source term" -- "$current"); return ;;
    --split) mapfile -t COMPREPLY < <(compgen -W "country topic" -- "$current"); return ;;
    values) mapfile -t COMPREPLY < <(compgen -W "country topic source language month" -- "$current"); return ;;
  esac
  if [[ $current == -* ]]; then
    local options
    options=$(_newsdex_help_words "$program" options "${words[@]}")
    # Searching is newsdex-search's default command: its options apply without the word.
    if [[ $program == newsdex-search && ${#words[@]} -eq 0 ]]; then
      options+=" $(_newsdex_help_words "$program" options search)"
    fi
    mapfile -t COMPREPLY < <(compgen -W "$options" -- "$current")
    return
  fi
  local commands
  commands=$(_newsdex_help_words "$program" commands "${words[@]}")
  if [[ -n $commands ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$current")
  elif [[ $program == newsdex-index ]]; then
    mapfile -t COMPREPLY < <(compgen -f -- "$current")  # feeds, archives, pages: files
  fi
}

complete -F _newsdex newsdex-index newsdex-search
