# newsdex_embed_text(OUTPUT_CC SYMBOL INPUT_FILE)
# Compiles a data file into the program as `extern const std::string_view SYMBOL`, so that the
# programs carry their taxonomies and need no data files at run time.
function(newsdex_embed_text output_cc symbol input_file)
  add_custom_command(
    OUTPUT ${output_cc}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${input_file} -DOUTPUT=${output_cc} -DSYMBOL=${symbol}
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedText.cmake
    DEPENDS ${input_file} ${PROJECT_SOURCE_DIR}/cmake/EmbedText.cmake
    COMMENT "Embedding ${input_file}")
endfunction()
