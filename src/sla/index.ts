export {
  addBusinessMinutes,
  businessMinutesBetween,
  type CompiledSchedule,
  compileSchedule,
  isOpen,
  isValidTimeZone,
  nextOpening,
  parseDate,
  parseTime,
  type Schedule,
  validateSchedule,
} from './business-time'
