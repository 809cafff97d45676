# Script mode helper of newsdex_embed_text: writes INPUT as a raw string literal into OUTPUT.
file(READ ${INPUT} content)
string(FIND "${content}" ")newsdex_embed\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw string delimiter")
endif()
file(WRITE ${OUTPUT} "// Generated from ${INPUT}; do not edit.\n#include <string_view>\nnamespace newsdex::embedded {\nextern const std::string_view ${SYMBOL};\nconst std::string_view ${SYMBOL} = R\"newsdex_embed(${content})newsdex_embed\";\n}\n")
