/** Europe/Helsinki: the one time zone every date, age, schedule and calendar entry is read in. */
export const zone = "Europe/Helsinki"
