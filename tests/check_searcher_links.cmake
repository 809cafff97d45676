# Fails when PROGRAM depends on libcurl or pugixml (the searcher must stay free of both).
execute_process(COMMAND ldd ${PROGRAM} OUTPUT_VARIABLE libraries RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "ldd ${PROGRAM} failed")
endif()
if(libraries MATCHES "libcurl|libpugixml")
  message(FATAL_ERROR "${PROGRAM} links libcurl or pugixml:\n${libraries}")
endif()
message(STATUS "${PROGRAM} links neither libcurl nor pugixml")
